import { spawnSync } from 'node:child_process';
import { peakMemoryMb } from '../../scripts/cli';

describe('peakMemoryMb', () => {
  it('reports a command’s own peak, not that of the larger process that started it', () => {
    const ballast = Buffer.alloc(400 * 1024 * 1024, 1); // filled, so its pages are resident
    const parent = peakMemoryMb();
    const child = spawnSync(
      process.execPath,
      ['--require', 'tsx/cjs', '-e', "console.log(require('./scripts/cli').peakMemoryMb())"],
      { encoding: 'utf8' },
    );
    expect(child.status).toBe(0);
    const own = Number(child.stdout.trim());
    expect(ballast.length).toBeGreaterThan(0);
    expect(parent).toBeGreaterThan(400);
    expect(own).toBeGreaterThan(10);
    expect(own).toBeLessThan(parent - 300);
  });
});
