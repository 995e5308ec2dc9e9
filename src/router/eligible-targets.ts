import type { ModelRoute, Target } from '../config/index.js';

/**
 * The targets a request may use: only deployments in an allowed region when the caller
 * is restricted (a deployment without a `region` is not provably inside, so it is out),
 * and, when the request carries a tag some targets carry too, only those. Returns the
 * model itself when nothing is filtered, so the usual request allocates nothing.
 */
export function eligibleTargets(model: ModelRoute, tags: readonly string[], allowedRegions: readonly string[] | undefined): ModelRoute {
  let targets: readonly Target[] = model.targets;
  if (allowedRegions !== undefined) {
    targets = targets.filter((target) => target.region !== undefined && allowedRegions.includes(target.region));
  }
  if (tags.length > 0) {
    const tagged = targets.filter((target) => target.tags?.some((tag) => tags.includes(tag)));
    if (tagged.length > 0) targets = tagged;
  }
  return targets.length === model.targets.length ? model : { ...model, targets };
}

/**
 * `x-switchyard-regions`: a comma list a caller may send to narrow its own regions
 * further (never to widen what its key allows). Malformed names are ignored.
 */
export function combineRegions(allowed: readonly string[] | undefined, header: string | string[] | undefined): readonly string[] | undefined {
  const raw = Array.isArray(header) ? header.join(',') : header;
  if (raw === undefined || raw.trim() === '') return allowed;
  const requested = raw
    .split(',')
    .map((region) => region.trim())
    .filter((region) => /^[A-Za-z0-9._-]{1,64}$/.test(region))
    .slice(0, 32);
  return allowed === undefined ? requested : requested.filter((region) => allowed.includes(region));
}
