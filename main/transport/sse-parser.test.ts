/** The SSE line parser: fields, line ends, chunk boundaries, comments. */
import { describe, expect, it } from 'vitest';
import { createSseParser, type SseEvent } from './sse-parser';

function parse(chunks: string[]) {
  const events: SseEvent[] = [];
  const parser = createSseParser((e) => events.push(e));
  for (const c of chunks) parser.push(c);
  return { events, parser };
}

describe('SSE parser', () => {
  it('dispatches events on a blank line, with type, data and id', () => {
    const { events } = parse(['event: poke\n\n', 'data: hello\ndata: world\nid: 7\n\n', 'event:poke\ndata\n\n']);
    expect(events).toEqual([
      { type: 'poke', data: '', id: null },
      { type: 'message', data: 'hello\nworld', id: '7' },
      { type: 'poke', data: '', id: '7' },
    ]);
  });

  it('handles \\r\\n and \\r line ends, also split across chunks at any point', () => {
    const stream = 'event: poke\r\n\r\n: keep-alive\r\rretry: 3000\revent: poke\r\r\nevent: poke\n\n';
    for (let cut = 0; cut <= stream.length; cut++) {
      const { events, parser } = parse([stream.slice(0, cut), stream.slice(cut)]);
      expect(events.map((e) => e.type), `cut at ${cut}`).toEqual(['poke', 'poke', 'poke']);
      expect(parser.retryMs()).toBe(3000);
    }
    const oneByOne = parse([...stream]);
    expect(oneByOne.events).toHaveLength(3);
  });

  it('ignores comments, unknown fields, bad retry values and an unfinished last event', () => {
    const { events, parser } = parse([': ping\n\n', 'foo: bar\n\n', 'retry: soon\n\n', 'event: poke\n']);
    expect(events).toEqual([]);
    expect(parser.retryMs()).toBeNull();
  });
});
