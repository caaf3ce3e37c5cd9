// Runs both simulators on socat ptys for manual testing and for the kiosk's --simulate mode:
//   npx tsx hardware/simulators/cli.ts
// It prints the device paths, then takes commands on stdin (type "help").
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { IdCardFault } from './idcard/idcard-simulator';
import { ID_CARD_FAULTS } from './idcard/idcard-simulator';
import type { DecodedTicket, PaperState } from './printer/printer-simulator';
import type { SimulatedDevices } from './start-simulated-devices';
import { startSimulatedDevices } from './start-simulated-devices';

const HELP = `commands:
  cards                      list the card fixtures
  insert <card-id>           place a card on the reader
  remove                     lift the card off
  fault <kind> [times]       ${ID_CARD_FAULTS.join(' | ')}
  faults clear               disarm all reader faults
  paper ok|near-end|out      set the printer's paper
  cover open|close           open or close the printer cover
  ticket [file.png]          show the last printed ticket and save its preview
  status                     what is on the reader, how the printer stands
  quit`;

async function main(): Promise<void> {
  const devices = await startSimulatedDevices();
  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    await devices.stop();
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));

  console.log(JSON.stringify({ idcardPath: devices.idcardPath, printerPath: devices.printerPath }));
  console.log(`ID card reader (SAM_V, 115200 8N1): ${devices.idcardPath}`);
  console.log(`Ticket printer (ESC/POS, 115200 8N1): ${devices.printerPath}`);
  console.log('type "help" for commands');

  devices.printer.on('ticket', (ticket) => printTicket(ticket));
  devices.idcard.on('corrupt', (corrupt) => console.log(`[reader] corrupt command from the driver: ${corrupt.detail}`));

  const input = createInterface({ input: process.stdin });
  input.on('line', (line) => {
    void run(devices, line.trim()).then((quit) => {
      if (quit) void shutdown(0);
    });
  });
  input.on('close', () => void shutdown(0));
}

async function run(devices: SimulatedDevices, line: string): Promise<boolean> {
  const [command, ...args] = line.split(/\s+/);
  try {
    switch (command) {
      case '':
      case undefined:
        return false;
      case 'help':
        console.log(HELP);
        return false;
      case 'cards':
        for (const card of devices.idcard.cards) console.log(`  ${card.id.padEnd(14)} ${card.kind.padEnd(24)} ${card.description ?? ''}`);
        return false;
      case 'insert': {
        const card = devices.idcard.insert(args[0] ?? '');
        console.log(`[reader] card ${card.id} placed`);
        return false;
      }
      case 'remove':
        devices.idcard.remove();
        console.log('[reader] card removed');
        return false;
      case 'fault':
        if (args[0] === undefined) throw new Error(`fault needs a kind: ${ID_CARD_FAULTS.join(', ')}`);
        devices.idcard.injectFault(args[0] as IdCardFault, args[1] === undefined ? 1 : Number(args[1]));
        console.log(`[reader] fault ${args[0]} armed`);
        return false;
      case 'faults':
        devices.idcard.clearFaults();
        console.log('[reader] faults cleared');
        return false;
      case 'paper':
        if (!['ok', 'near-end', 'out'].includes(args[0] ?? '')) throw new Error('paper ok|near-end|out');
        devices.printer.setPaper(args[0] as PaperState);
        console.log(`[printer] paper ${args[0]}`);
        return false;
      case 'cover':
        if (args[0] === 'open') devices.printer.openCover();
        else if (args[0] === 'close') devices.printer.closeCover();
        else throw new Error('cover open|close');
        console.log(`[printer] cover ${args[0]}`);
        return false;
      case 'ticket': {
        const ticket = devices.printer.lastTicket();
        if (!ticket) {
          console.log('[printer] nothing printed yet');
          return false;
        }
        printTicket(ticket);
        const file = args[0] ?? join(tmpdir(), 'hall-last-ticket.png');
        await writeFile(file, ticket.png);
        console.log(`[printer] preview saved to ${file}`);
        return false;
      }
      case 'status':
        console.log(`[reader] card: ${devices.idcard.inserted?.id ?? 'none'}`);
        console.log(`[printer] ${JSON.stringify(devices.printer.state)}; tickets printed: ${devices.printer.tickets.length}`);
        return false;
      case 'quit':
      case 'exit':
        return true;
      default:
        throw new Error(`unknown command "${command}"; type "help"`);
    }
  } catch (error) {
    console.log(`error: ${error instanceof Error ? error.message : String(error)}`);
    return false;
  }
}

function printTicket(ticket: DecodedTicket): void {
  console.log('[printer] ---- ticket ----');
  for (const line of ticket.lines) console.log(`  | ${line}`);
  if (ticket.qrData) console.log(`  | QR: ${ticket.qrData}`);
  console.log(`[printer] ---- ${ticket.cut ? 'cut' : 'not cut'} ----`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
