/** The registered tools, in the workflow's order (tools/list is deterministic). */
import type { ToolDefinition } from './define.js';
import { draftPostmortemTool } from './draft-postmortem.js';

export const allTools: ToolDefinition[] = [draftPostmortemTool as unknown as ToolDefinition];
