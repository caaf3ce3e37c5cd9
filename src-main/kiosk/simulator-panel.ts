import type { ServerResponse } from 'node:http';
import { z } from 'zod';
import type { SimulatedDevices } from '../../hardware/simulators';
import { sendJson, sendText } from './http-reply';

// With --simulate, /sim/ is a small control panel beside the kiosk page: place a card on the simulated
// reader, take it away, run the printer out of paper, look at the last printed ticket.

const command = z.discriminatedUnion('action', [
  z.object({ action: z.literal('insert'), card: z.string().min(1).max(60) }).strict(),
  z.object({ action: z.literal('remove') }).strict(),
  z.object({ action: z.literal('paper'), state: z.enum(['ok', 'near-end', 'out']) }).strict(),
  z.object({ action: z.literal('cover'), open: z.boolean() }).strict(),
]);

export async function handleSimulatorRoute(devices: SimulatedDevices, method: string, path: string, body: unknown, res: ServerResponse): Promise<void> {
  if (method === 'GET' && path === '/sim/') return sendText(res, 200, panelHtml(devices), 'text/html; charset=utf-8');
  if (method === 'GET' && path === '/sim/state') return sendJson(res, 200, { ok: true, data: stateOf(devices) });
  if (method === 'GET' && path === '/sim/ticket.png') {
    const ticket = devices.printer.lastTicket();
    if (!ticket) return sendJson(res, 404, { ok: false, code: 'NO_TICKET', message: '还没有打印过号票', messageEn: 'Nothing printed yet' });
    res.writeHead(200, { 'content-type': 'image/png', 'cache-control': 'no-store' }).end(ticket.png);
    return;
  }
  if (method === 'POST' && path === '/sim/command') {
    const parsed = command.safeParse(body);
    if (!parsed.success) return sendJson(res, 400, { ok: false, code: 'INVALID_PAYLOAD', message: '命令无效', messageEn: parsed.error.message });
    try {
      const c = parsed.data;
      if (c.action === 'insert') devices.idcard.insert(c.card);
      else if (c.action === 'remove') devices.idcard.remove();
      else if (c.action === 'paper') devices.printer.setPaper(c.state);
      else if (c.open) devices.printer.openCover();
      else devices.printer.closeCover();
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return sendJson(res, 400, { ok: false, code: 'SIMULATOR_REFUSED', message: reason, messageEn: reason });
    }
    return sendJson(res, 200, { ok: true, data: stateOf(devices) });
  }
  sendJson(res, 404, { ok: false, code: 'NOT_FOUND', message: '页面不存在', messageEn: 'Not found' });
}

function stateOf(devices: SimulatedDevices) {
  return {
    card: devices.idcard.inserted?.id ?? null,
    printer: devices.printer.state,
    ticketsPrinted: devices.printer.tickets.length,
    lastTicket: devices.printer.lastTicket()?.lines ?? null,
  };
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function panelHtml(devices: SimulatedDevices): string {
  const cards = devices.idcard.cards
    .map((c) => `<button data-cmd='${escape(JSON.stringify({ action: 'insert', card: c.id }))}'>放卡 ${escape(c.id)}<small>${escape(c.description ?? c.kind)}</small></button>`)
    .join('');
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>模拟设备 Simulated devices</title>
<style>body{font:18px 'Noto Sans CJK SC',sans-serif;margin:24px;max-width:900px}h2{margin:24px 0 8px}button{font:inherit;min-height:56px;margin:4px;padding:8px 16px;border-radius:8px;border:2px solid #0b5cad;background:#fff;color:#0b5cad}small{display:block;font-size:13px;color:#555}pre{background:#f2f4f7;padding:12px}img{max-width:300px;border:1px solid #ccc}</style></head>
<body><h1>模拟设备 <small>Simulated reader and printer</small></h1>
<h2>身份证阅读器 ID card reader</h2>${cards}<button data-cmd='{"action":"remove"}'>取走身份证 Remove card</button>
<h2>打印机 Printer</h2>
<button data-cmd='{"action":"paper","state":"ok"}'>纸充足 Paper ok</button><button data-cmd='{"action":"paper","state":"near-end"}'>纸将尽 Near end</button><button data-cmd='{"action":"paper","state":"out"}'>缺纸 Paper out</button>
<button data-cmd='{"action":"cover","open":true}'>开盖 Open cover</button><button data-cmd='{"action":"cover","open":false}'>合盖 Close cover</button>
<h2>状态 State</h2><pre id="state"></pre><img id="ticket" alt="last ticket">
<script>
const show = (r) => { document.getElementById('state').textContent = JSON.stringify(r.data ?? r, null, 2); document.getElementById('ticket').src = '/sim/ticket.png?' + Date.now(); };
for (const b of document.querySelectorAll('button[data-cmd]')) b.onclick = () => fetch('/sim/command', { method: 'POST', headers: { 'content-type': 'application/json' }, body: b.dataset.cmd }).then((r) => r.json()).then(show);
const poll = () => fetch('/sim/state').then((r) => r.json()).then(show).catch(() => {});
poll(); setInterval(poll, 3000);
</script></body></html>`;
}
