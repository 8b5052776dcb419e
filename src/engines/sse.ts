/**
 * Incremental Server-Sent Events parser for OpenAI-compatible streams (`data: {...}` lines,
 * blank line ends an event, `data: [DONE]` ends the stream). Pure, so it is unit-tested in Node;
 * it copes with events split anywhere across network chunks and with \r\n line endings.
 */
export class SseParser {
  private buffer = '';
  private data: string[] = [];

  /** Feeds decoded text; returns the data payloads of every event completed by it. */
  push(text: string): string[] {
    this.buffer += text;
    const out: string[] = [];
    let nl: number;
    while ((nl = this.buffer.indexOf('\n')) >= 0) {
      let line = this.buffer.slice(0, nl);
      this.buffer = this.buffer.slice(nl + 1);
      if (line.endsWith('\r')) line = line.slice(0, -1);
      if (line === '') {
        if (this.data.length) out.push(this.data.join('\n'));
        this.data = [];
      } else if (line.startsWith('data:')) {
        this.data.push(line.slice(5).replace(/^ /, ''));
      } // comments (":") and other fields (event:, id:, retry:) are not needed here
    }
    return out;
  }

  /** Flushes an event left without its closing blank line when the stream ends. */
  end(): string[] {
    const rest = this.push('\n');
    if (this.data.length) rest.push(this.data.join('\n'));
    this.data = [];
    return rest;
  }
}
