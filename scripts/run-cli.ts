/**
 * Runs a CLI's `main(argv, io)` with the process's streams and exits with its code (2 on a crash).
 * Output piped into a reader that stops early (`| head`) ends the command quietly instead of
 * crashing with EPIPE, and a crash prints its message, not a stack trace.
 */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** A stream whose reader went away: the rest of the output has nowhere to go. */
function closedOnEpipe(stream: NodeJS.WriteStream): () => boolean {
  let closed = false;
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    closed = true;
    // the reader has what it wanted (`head` stops reading): end as a finished command would
    process.exit(process.exitCode ?? 0);
  });
  return () => closed;
}

export function runCli(main: (argv: string[], io: CliIo) => Promise<number>): void {
  const stdoutClosed = closedOnEpipe(process.stdout);
  const stderrClosed = closedOnEpipe(process.stderr);
  main(process.argv.slice(2), {
    stdout: (text) => {
      if (!stdoutClosed()) process.stdout.write(`${text}\n`);
    },
    stderr: (text) => {
      if (!stderrClosed()) process.stderr.write(`${text}\n`);
    },
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      if (!stderrClosed()) {
        process.stderr.write(
          `Unhandled error: ${error instanceof Error ? error.message : String(error)}\n`,
        );
      }
      process.exitCode = 2;
    },
  );
}
