/**
 * Lines written together once per turn of the event loop: under load, one write of thirty request
 * lines instead of thirty writes (stdout to a pipe or a file is written synchronously, one system
 * call per write). A line is never held longer than the current turn.
 */
export class LineBatcher {
  private lines: string[] = [];
  private scheduled = false;

  constructor(private readonly write: (text: string) => void) {}

  push(line: string): void {
    this.lines.push(line);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(this.flush);
  }

  readonly flush = (): void => {
    this.scheduled = false;
    if (this.lines.length === 0) return;
    const text = this.lines.join('\n') + '\n';
    this.lines = [];
    this.write(text);
  };
}
