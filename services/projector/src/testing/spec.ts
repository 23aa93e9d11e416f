import { readModels } from '@homefirst/schemas';
import type { ProjectedEvent } from '../person/journal';
import { projectAll } from '../offline/project';
import { renderReadModels, type RenderedReadModels, type ReadModelSnapshot } from '../readmodels/snapshot';

const { DEFAULT_VIEW_CONFIG } = readModels;
type ViewConfig = readModels.ViewConfig;

/**
 * given(events).at(now) → the read models: the projection spec helper (style.md: given/when/then).
 * `.snapshot` is the stored form, `.at(now)` the views a board would show at that instant.
 */
export function given(...events: readonly (ProjectedEvent | readonly ProjectedEvent[])[]): {
  readonly snapshot: ReadModelSnapshot;
  at(now: string, config?: Partial<ViewConfig>): RenderedReadModels;
} {
  const snapshot = projectAll(events.flat());
  return {
    snapshot,
    at: (now, config = {}) =>
      renderReadModels(snapshot, new Date(now), { ...DEFAULT_VIEW_CONFIG, ...config }),
  };
}
