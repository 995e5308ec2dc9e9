import { formatConfigPath } from './format-config-path.js';
import type { RawConfig, RawModel } from './schema.js';

type Problems = string[];

function isDirectAddress(config: RawConfig, name: string): boolean {
  const slash = name.indexOf('/');
  return slash > 0 && slash < name.length - 1 && Object.hasOwn(config.providers, name.slice(0, slash));
}

/** Fallback lists name models with targets, never the model itself. */
function checkFallbackLists(config: RawConfig, modelName: string, model: RawModel, problems: Problems): void {
  for (const field of ['fallbacks', 'context_fallbacks', 'content_fallbacks'] as const) {
    model[field].forEach((fallback, index) => {
      const path = formatConfigPath(['models', modelName, field, index]);
      const target = Object.hasOwn(config.models, fallback) ? config.models[fallback] : undefined;
      if (!target) problems.push(`${path}: unknown model ${JSON.stringify(fallback)}`);
      else if (fallback === modelName) problems.push(`${path}: a model cannot fall back to itself`);
      else if (target.split) problems.push(`${path}: ${JSON.stringify(fallback)} splits its traffic; fall back to a model with targets`);
    });
  }
}

function checkSplit(config: RawConfig, modelName: string, model: RawModel, problems: Problems): void {
  const split = model.split;
  if (!split) {
    if (model.targets.length === 0) problems.push(`${formatConfigPath(['models', modelName, 'targets'])}: a model needs at least one target (or a split)`);
    return;
  }
  if (model.targets.length > 0) problems.push(`${formatConfigPath(['models', modelName])}: a model has either targets or a split, not both`);
  split.forEach((arm, index) => {
    const path = formatConfigPath(['models', modelName, 'split', index, 'model']);
    const target = Object.hasOwn(config.models, arm.model) ? config.models[arm.model] : undefined;
    if (!target) problems.push(`${path}: unknown model ${JSON.stringify(arm.model)}`);
    else if (target.split) problems.push(`${path}: ${JSON.stringify(arm.model)} splits its traffic too; splits do not nest`);
  });
  const total = split.reduce((sum, arm) => sum + arm.percent, 0);
  if (Math.abs(total - 100) > 1e-9) problems.push(`${formatConfigPath(['models', modelName, 'split'])}: percents add up to ${total}, not 100`);
}

/** Cross-checks of models' splits and fallback lists, and of `routes:`, against the models they name. */
export function validateRouting(config: RawConfig, problems: Problems): void {
  for (const [modelName, model] of Object.entries(config.models)) {
    checkSplit(config, modelName, model, problems);
    checkFallbackLists(config, modelName, model, problems);
  }
  config.routes.forEach((rule, index) => {
    if (!Object.hasOwn(config.models, rule.model) && !isDirectAddress(config, rule.model)) {
      problems.push(`${formatConfigPath(['routes', index, 'model'])}: unknown model ${JSON.stringify(rule.model)}`);
    }
    const { min_prompt_tokens: min, max_prompt_tokens: max } = rule.match;
    if (min !== undefined && max !== undefined && max < min) {
      problems.push(`${formatConfigPath(['routes', index, 'match', 'max_prompt_tokens'])}: must be at least min_prompt_tokens (${min})`);
    }
  });
}
