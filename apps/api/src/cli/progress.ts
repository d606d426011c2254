import type { Progress } from '@zhanqian/seeds';

/** A one-line progress bar on stderr (redrawn in place on a terminal, a line per 10% otherwise). */
export function progressPrinter(stream: NodeJS.WriteStream = process.stderr): Progress {
  const lastTenth = new Map<string, number>();
  return (phase, done, total) => {
    const ratio = total ? done / total : 1;
    const width = 30;
    const bar = '█'.repeat(Math.round(ratio * width)).padEnd(width, '░');
    const text = `${phase.padEnd(12)} ${bar} ${(ratio * 100).toFixed(0).padStart(3)}% ${done}/${total}`;
    if (stream.isTTY) {
      stream.write(`\r${text}${done >= total ? '\n' : ''}`);
      return;
    }
    const tenth = Math.floor(ratio * 10);
    if (tenth !== lastTenth.get(phase)) {
      lastTenth.set(phase, tenth);
      stream.write(`${text}\n`);
    }
  };
}
