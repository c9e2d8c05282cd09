/** Runs a CLI's `main(argv, io)` with the process's streams and exits with its code (2 on a crash). */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

export function runCli(main: (argv: string[], io: CliIo) => Promise<number>): void {
  main(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(`${text}\n`),
    stderr: (text) => process.stderr.write(`${text}\n`),
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(
        `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      process.exitCode = 2;
    },
  );
}
