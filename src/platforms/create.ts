// Picks the platform the user asked for. The only place that knows there are several.
import type { ResolvedOptions } from '../cli/options.js';
import { UsageError } from '../cli/parse.js';
import { findLocust, LocustNotFoundError } from './local/locust-binary.js';
import { LocalPlatform } from './local/local-platform.js';
import type { EmitPlatformEvent, Platform } from './platform.js';

export function createPlatform(options: ResolvedOptions, emit: EmitPlatformEvent): Platform {
  switch (options.platform) {
    case 'local': {
      let locust: string;
      try {
        locust = findLocust();
      } catch (error) {
        if (error instanceof LocustNotFoundError) throw new UsageError(error.message);
        throw error;
      }
      return new LocalPlatform(
        {
          locust,
          workers: options.workers,
          ...(options.host ? { host: options.host } : {}),
          ...(options.demoLatencyMs !== undefined ? { demoLatencyMs: options.demoLatencyMs } : {}),
          ...(options.demoErrorRate !== undefined ? { demoErrorRate: options.demoErrorRate } : {}),
        },
        emit,
      );
    }
    case 'kube':
    case 'eks':
      throw new UsageError(`--platform ${options.platform} is not available in this build yet; use --platform local`);
  }
}
