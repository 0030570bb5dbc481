/** The registered tools, in the workflow's order (tools/list is deterministic). */
import type { ToolDefinition } from './define.js';
import { draftPostmortemTool } from './draft-postmortem.js';
import { fiveWhysTool } from './five-whys.js';
import { gatherTimelineTool } from './gather-timeline.js';
import { lintPostmortemTool } from './lint-postmortem.js';
import { saveToBookstackTool } from './save-to-bookstack.js';

export const allTools = [gatherTimelineTool, fiveWhysTool, draftPostmortemTool, lintPostmortemTool, saveToBookstackTool] as unknown as ToolDefinition[];
