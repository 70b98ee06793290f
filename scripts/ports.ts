// The ports `npm start` listens on, from the environment. Kept apart from scripts/start.ts, which starts
// everything when imported, so that the check can be tested on its own.
import { parsePortFlag } from '../cli/args.js';

/** The ports of `npm start`: the Temporal frontend, its Web UI, the HTTP API and the codec server. */
export interface StartPorts {
  readonly temporal: number;
  readonly ui: number;
  readonly http: number;
  readonly codec: number;
}

/**
 * Reads `PASSEND_TEMPORAL_PORT`, `PASSEND_UI_PORT`, `PASSEND_HTTP_PORT` and `PASSEND_CODEC_PORT` (defaults 7233,
 * 8233, 8080, 8089) with the CLI's own check, so a typo such as `80x` is one UsageError naming the variable,
 * before anything starts, instead of Node's "options.port should be >= 0 … Received type number (NaN)" from
 * deep inside a listen call. `npm start` has no `--port` flag, so the message does not offer one.
 */
export function portsFromEnvironment(): StartPorts {
  const port = (variable: string, fallback: number): number =>
    parsePortFlag(undefined, variable, fallback, { hasFlag: false });
  return {
    temporal: port('PASSEND_TEMPORAL_PORT', 7233),
    ui: port('PASSEND_UI_PORT', 8233),
    http: port('PASSEND_HTTP_PORT', 8080),
    codec: port('PASSEND_CODEC_PORT', 8089),
  };
}
