import { createInterface } from 'node:readline/promises';
import { hashPassword } from '../src-main/app/passwords';

// Prints a passwordHash for a hall config. Reads the password from stdin so it stays out of shell history.
const MIN_LENGTH = 12;

async function main(): Promise<void> {
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: process.stdin.isTTY });
  const password = (await rl.question('Password (at least 12 characters, letters and digits): ')).trim();
  rl.close();
  if (password.length < MIN_LENGTH || !/[A-Za-z]/.test(password) || !/\d/.test(password)) {
    console.error(`Refused: use at least ${MIN_LENGTH} characters with both letters and digits.`);
    process.exit(1);
  }
  console.log(await hashPassword(password));
}

void main();
