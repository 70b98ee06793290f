import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism, cpus, release, totalmem, type } from 'node:os';
import { createRequire } from 'node:module';
import { temporalCliPath } from '../infra/index.js';

/** What the figures were measured on. */
export interface MachineInfo {
  readonly cpuModel: string;
  readonly cores: number;
  readonly totalMemoryGiB: number;
  readonly node: string;
  readonly os: string;
  readonly temporalCli: string;
  readonly temporalSdk: string;
}

function cpuModel(): string {
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((candidate) => candidate.startsWith('model name'));
    const model = line?.split(':')[1]?.trim();
    if (model !== undefined && model !== '') return model;
  } catch {
    // Not Linux: fall through to what Node reports.
  }
  return cpus()[0]?.model ?? 'unknown';
}

function temporalCliVersion(): string {
  try {
    return execFileSync(temporalCliPath(), ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

function sdkVersion(): string {
  try {
    const require = createRequire(import.meta.url);
    return (require('@temporalio/worker/package.json') as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

/** The machine, the Node.js runtime and the Temporal versions of this run. */
export function machineInfo(): MachineInfo {
  return {
    cpuModel: cpuModel(),
    cores: availableParallelism(),
    totalMemoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    os: `${type()} ${release()}`,
    temporalCli: temporalCliVersion(),
    temporalSdk: sdkVersion(),
  };
}
