/**
 * A scripted OpenAI-compatible model server on 127.0.0.1 that drives opencode through the skill's
 * workflow with real tool calls. It decides each next call ONLY from the text of the previous tool
 * results in the conversation (what opencode forwards), which is what proves that the text blocks
 * are enough for the next step. Every request body is kept for the test to inspect.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ChatMessage {
  role: string;
  content?: string | Array<{ type: string; text?: string }> | null;
  tool_calls?: Array<{ id: string; function: { name: string; arguments: string } }>;
  tool_call_id?: string;
}

export interface ScriptStep {
  /** Tool name as opencode exposes it (`postmortem_gather_timeline`, `skill`). */
  tool: string;
  /** Arguments, computed from the texts of the tool results so far (oldest first). */
  args: (toolTexts: string[]) => Record<string, unknown>;
}

export interface ScriptedModel {
  url: string;
  requests: Array<{ messages: ChatMessage[]; tools?: Array<{ function: { name: string } }> }>;
  calls: Array<{ tool: string; args: Record<string, unknown> }>;
  close(): Promise<void>;
}

const text = (content: ChatMessage['content']): string =>
  typeof content === 'string' ? content : (content ?? []).map((c) => c.text ?? '').join('');

export async function startScriptedModel(script: ScriptStep[], finalText: (toolTexts: string[]) => string): Promise<ScriptedModel> {
  const requests: ScriptedModel['requests'] = [];
  const calls: ScriptedModel['calls'] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      if (!req.url?.endsWith('/chat/completions')) {
        res.writeHead(404).end();
        return;
      }
      const parsed = JSON.parse(body) as { messages: ChatMessage[]; tools?: Array<{ function: { name: string } }>; stream?: boolean };
      requests.push(parsed);
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      const send = (delta: Record<string, unknown>, finish: string | null) =>
        res.write(`data: ${JSON.stringify({ id: 'chatcmpl-scripted', object: 'chat.completion.chunk', created: Math.floor(Date.now() / 1000), model: 'scripted', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`);
      const done = () => {
        res.write(`data: ${JSON.stringify({ id: 'chatcmpl-scripted', object: 'chat.completion.chunk', created: Math.floor(Date.now() / 1000), model: 'scripted', choices: [], usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 } })}\n\n`);
        res.end('data: [DONE]\n\n');
      };
      // Title generation and other tool-less requests get a short answer.
      if (!parsed.tools || parsed.tools.length === 0) {
        send({ role: 'assistant', content: 'Postmortem workflow' }, null);
        send({}, 'stop');
        return done();
      }
      const toolTexts = parsed.messages.filter((m) => m.role === 'tool').map((m) => text(m.content));
      const next = script[toolTexts.length];
      if (next) {
        const args = next.args(toolTexts);
        calls.push({ tool: next.tool, args });
        send({ role: 'assistant', content: null, tool_calls: [{ index: 0, id: `call_${toolTexts.length + 1}`, type: 'function', function: { name: next.tool, arguments: JSON.stringify(args) } }] }, null);
        send({}, 'tool_calls');
        return done();
      }
      send({ role: 'assistant', content: finalText(toolTexts) }, null);
      send({}, 'stop');
      return done();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    calls,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
