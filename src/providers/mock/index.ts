import type { ProviderAdapter } from '../provider.js';
import { mockModel } from './mock-model.js';

/** The offline provider: answers in process, no socket, no key. */
export const mockAdapter: ProviderAdapter = { type: 'mock', local: mockModel, defaultPrice: { inputPerMtok: 0, outputPerMtok: 0 } };
