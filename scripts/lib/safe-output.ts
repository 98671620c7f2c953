/**
 * A writer for the supervisor's terminal that never takes it down. When the reader is gone
 * (`npm start | tee log`: Ctrl-C ends tee too, and the next write fails with EPIPE) or the terminal
 * has closed (EIO), what is written is dropped: the services must still be stopped.
 */
export function safeOutput(stream: NodeJS.WriteStream): (text: string) => void {
  let open = true;
  stream.on('error', () => (open = false));
  return (text) => {
    if (!open || stream.destroyed) return;
    try {
      stream.write(text);
    } catch {
      open = false;
    }
  };
}
