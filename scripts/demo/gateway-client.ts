/** The few REST calls the demo (and the end-to-end tests) make, with problem+json errors surfaced. */
export class GatewayClient {
  constructor(
    readonly baseUrl: string,
    private readonly apiKey: string,
  ) {}

  async request<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: T; headers: Headers }> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${this.apiKey}`, ...(body !== undefined && { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T, headers: response.headers };
  }

  async ok<T>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<T> {
    const response = await this.request<T>(method, path, body, headers);
    if (response.status >= 300) throw new Error(`${method} ${path} answered ${response.status}: ${JSON.stringify(response.body)}`);
    return response.body;
  }
}

export interface CampaignStatus {
  id: string;
  name: string;
  status: string;
  claims: number;
  calls: { total: number; byStatus: Record<string, number> };
  hypotheses: { id: string; key: string; statement: string; status: string; conclusion: string | null; averageConfidence: number | null; claims: number }[];
}
