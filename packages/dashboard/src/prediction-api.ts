import { ApiError, type AdminClient, type ClientOptions } from '@leadpulse/contract/client';
import type { ErrorCode } from '@leadpulse/contract/error-codes';

// The predictive score's documents (issue 17), as packages/contract/src/model.ts defines them. The contract's client
// does not carry them yet: e2e/dashboard-model.test.ts checks at type level that the server's documents fit these.
// TODO #17: move these types and calls into createAdminClient, then delete this file.

export type HorizonDays = 30 | 90 | 180;
export const HORIZONS: readonly HorizonDays[] = [30, 90, 180];

export interface ReliabilityBin {
  readonly from: number;
  readonly to: number;
  readonly predicted: number | null;
  readonly observed: number | null;
  readonly count: number;
}

export interface ModelCardDocument {
  readonly trainedAt: number;
  readonly horizonDays: number;
  readonly rows: number;
  readonly positives: number;
  readonly from: number;
  readonly to: number;
  readonly validation: 'time' | 'cross';
  readonly validationRows: number;
  readonly auc: number;
  readonly precisionAtTop10: number;
  readonly brier: number;
  readonly reliability: readonly ReliabilityBin[];
  readonly baselineAuc: number | null;
  readonly candidates: readonly { readonly kind: 'logistic' | 'boosted'; readonly auc: number }[];
  readonly featureIssues: readonly { readonly key: string; readonly issue: 'constant' | 'missing' }[];
}

export type ModelRunStatus = 'training' | 'published' | 'refused' | 'failed' | 'retired';

export interface ModelRunDocument {
  readonly id: string;
  readonly status: ModelRunStatus;
  readonly horizonDays: number;
  readonly requestedAt: number;
  readonly finishedAt: number | null;
  readonly progress: { readonly phase: string; readonly done: number; readonly total: number };
  readonly kind: 'logistic' | 'boosted' | null;
  readonly card: ModelCardDocument | null;
  readonly features: readonly { readonly key: string; readonly labels: { readonly en: string; readonly fr: string } }[] | null;
  /** Why a run was refused or failed; the refusal's numbers (needed, positives, auc…) come with it. */
  readonly outcome: ({ readonly code: string; readonly message: string } & Readonly<Record<string, unknown>>) | null;
}

export interface ModelStatusDocument {
  readonly published: ModelRunDocument | null;
  /** The newest runs first. */
  readonly runs: readonly ModelRunDocument[];
}

export interface StageConversion {
  readonly stage: string;
  readonly contacts: number;
  readonly converted: number;
  readonly rate: number | null;
}

export interface DoctrineProposal {
  readonly id: string;
  readonly kind: 'drop_condition' | 'move_condition' | 'threshold' | 'window';
  readonly summary: { readonly en: string; readonly fr: string };
  /** The whole edited doctrine, for the doctrine screen's preview and save. */
  readonly doctrine: Record<string, unknown>;
  readonly before: readonly StageConversion[];
  readonly after: readonly StageConversion[];
  readonly moved: number;
  readonly gain: number;
  readonly folds: number;
  readonly disorders: readonly string[];
}

export interface DoctrineAdviceDocument {
  readonly contacts: number;
  readonly before: readonly StageConversion[];
  readonly concordance: number | null;
  readonly ordered: boolean;
  readonly disorders: readonly string[];
  readonly candidates: number;
  readonly proposals: readonly DoctrineProposal[];
}

type ContactListParams = Parameters<AdminClient['contacts']['list']>[0];
export type ContactPrediction = NonNullable<Awaited<ReturnType<AdminClient['contacts']['get']>>['prediction']>;

/** The admin client with the predictive score's calls: the model card and runs, training, advice, and contacts by probability. */
export type DashboardApi = ReturnType<typeof withPredictionCalls>;

export function withPredictionCalls(client: AdminClient, options: Pick<ClientOptions, 'csrfToken' | 'fetch'>) {
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = body === undefined ? {} : { 'content-type': 'application/json' };
    const csrf = method === 'GET' ? null : options.csrfToken?.();
    if (csrf) headers['x-csrf-token'] = csrf;
    let response: Response;
    try {
      response = await doFetch(path, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) });
    } catch (error) {
      throw new ApiError(0, 'network_error', error instanceof Error ? error.message : String(error));
    }
    const json = (await response.json().catch(() => undefined)) as unknown;
    if (!response.ok) {
      const error = (json as { error?: { code: ErrorCode; message: string; issues?: ApiError['issues'] } } | undefined)?.error;
      throw new ApiError(response.status, error?.code ?? 'internal_error', error?.message ?? `HTTP ${response.status}`, error?.issues ?? []);
    }
    return json as T;
  }

  return {
    ...client,
    contacts: {
      ...client.contacts,
      // The client sends every parameter it is given; `sort` is the server's, typed here until the client names it.
      list: (params: ContactListParams & { sort?: 'newest' | 'predicted' }) => client.contacts.list(params),
    },
    doctrine: {
      ...client.doctrine,
      advice: (horizonDays: HorizonDays) => call<DoctrineAdviceDocument>('GET', `/api/v1/reports/doctrine-advice?horizonDays=${horizonDays}`),
    },
    model: {
      get: () => call<ModelStatusDocument>('GET', '/api/v1/model'),
      /** 202 with the run; 409 training_in_progress while another one trains. */
      train: (horizonDays: HorizonDays) => call<ModelRunDocument>('POST', '/api/v1/model/train', { horizonDays }),
    },
  };
}
