/**
 * `npx tsx scripts/instructor.ts add <name>` | `reset <name>`: adds an instructor, or sets a new
 * password (signing out their sessions). The password is always read from stdin, one line, so it
 * is never in the shell history or the process list:
 *   printf '%s\n' "$PASSWORD" | npx tsx scripts/instructor.ts add Ana
 * On a terminal it is asked for without being shown. The database is the server's own:
 * DATABASE_URL, else the SQLite file under LAB_DATA_DIR (default .lab-data/).
 */
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { addInstructor, checkInstructorName, resetPassword } from '../lib/server/auth';
import { openDatabase } from '../lib/server/db';
import { runCli, type CliIo } from './run-cli';

const USAGE = `Usage: npx tsx scripts/instructor.ts add <name>
       npx tsx scripts/instructor.ts reset <name>
The password is read from stdin (one line).`;

/** The first line of stdin without its line break, or null when stdin ends first. */
function readPasswordLine(prompt: string): Promise<string | null> {
  const tty = process.stdin.isTTY === true;
  // on a terminal, readline echoes what is typed into `output`: send it nowhere
  const silent = new Writable({ write: (_chunk, _encoding, done) => done() });
  const lines = createInterface({ input: process.stdin, output: silent, terminal: tty });
  if (tty) process.stderr.write(prompt);
  return new Promise((resolve) => {
    let answer: string | null = null;
    lines.once('line', (line) => {
      answer = line;
      lines.close();
    });
    lines.once('SIGINT', () => lines.close());
    lines.once('close', () => {
      if (tty) process.stderr.write('\n');
      process.stdin.destroy(); // the rest of stdin is not read: let the process end
      resolve(answer);
    });
  });
}

async function main(argv: string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { help: { type: 'boolean', short: 'h' } },
    });
  } catch (error) {
    io.stderr(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 1;
  }
  if (parsed.values.help) {
    io.stdout(USAGE);
    return 0;
  }
  const [command, name, ...extra] = parsed.positionals;
  if ((command !== 'add' && command !== 'reset') || name === undefined || extra.length > 0) {
    io.stderr(USAGE);
    return 1;
  }
  // a bad name fails before the password is asked for
  const badName = checkInstructorName(name);
  if (badName) {
    io.stderr(badName);
    return 1;
  }
  const password = await readPasswordLine(`Password for ${name} (not shown): `);
  if (password === null) {
    io.stderr('No password was given on stdin.');
    return 1;
  }
  const store = await openDatabase();
  try {
    const where = store.config.kind === 'sqlite' ? `SQLite at ${store.config.file}` : 'PostgreSQL';
    const result =
      command === 'add'
        ? await addInstructor(store, name, password)
        : await resetPassword(store, name, password);
    if (!result.ok) {
      io.stderr(result.message);
      return 1;
    }
    io.stdout(
      command === 'add'
        ? `Added instructor "${result.instructor.name}" (${where}).`
        : `New password for "${result.instructor.name}"; their old sessions are signed out (${where}).`,
    );
    return 0;
  } finally {
    await store.close();
  }
}

runCli(main);
