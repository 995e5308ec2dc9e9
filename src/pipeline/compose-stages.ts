import type { GatewayContext, GatewayResult, Stage } from './gateway-context.js';

/**
 * The onion: each stage runs around the ones after it. Calling `next` twice is a bug
 * that would send a request upstream twice, so it throws.
 */
export function composeStages(stages: readonly Stage[]): (context: GatewayContext) => Promise<GatewayResult> {
  return (context) => {
    let lastIndex = -1;
    const dispatch = (index: number): Promise<GatewayResult> => {
      if (index <= lastIndex) return Promise.reject(new Error(`stage "${stages[index - 1]?.name}" called next() twice`));
      lastIndex = index;
      const stage = stages[index];
      if (!stage) return Promise.reject(new Error('the last stage must produce a result'));
      return stage.run(context, () => dispatch(index + 1));
    };
    return dispatch(0);
  };
}
