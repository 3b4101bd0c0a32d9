// A small GraphQL-over-HTTP client for the gateway (plain fetch; no client library needed).

/** One error from the gateway, with the stable code and the input field it is about. */
export class ApiError extends Error {
  readonly code: string;
  readonly field: string | null;

  constructor(message: string, code: string, field: string | null) {
    super(message);
    this.name = "ApiError";
    this.code = code;
    this.field = field;
  }
}

interface GraphQLErrorBody {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; field?: string | null };
}

interface GraphQLResponse<T> {
  data?: T | null;
  errors?: GraphQLErrorBody[];
}

export type Variables = Record<string, unknown>;

export class GatewayClient {
  constructor(
    private readonly url: string,
    private readonly token: string,
    /** Called when the gateway no longer accepts the token (expired, revoked key). */
    private readonly onUnauthenticated: () => void = () => {},
  ) {}

  /** Runs a query or mutation; throws ApiError for the first error (with code and field). */
  async request<T>(query: string, variables: Variables = {}): Promise<T> {
    let response: Response;
    try {
      response = await fetch(this.url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          accept: "application/graphql-response+json, application/json",
          authorization: `Bearer ${this.token}`,
        },
        body: JSON.stringify({ query, variables }),
      });
    } catch {
      throw new ApiError("无法连接服务器 Cannot reach the gateway", "NETWORK", null);
    }
    let body: GraphQLResponse<T>;
    try {
      body = (await response.json()) as GraphQLResponse<T>;
    } catch {
      throw new ApiError(`服务器错误 Gateway error (HTTP ${response.status})`, "HTTP_" + response.status, null);
    }
    const first = body.errors?.[0];
    if (first) {
      if (first.extensions?.code === "UNAUTHENTICATED") this.onUnauthenticated();
      throw new ApiError(first.message, first.extensions?.code ?? "ERROR", first.extensions?.field ?? null);
    }
    if (body.data == null) {
      throw new ApiError(`服务器错误 Gateway error (HTTP ${response.status})`, "NO_DATA", null);
    }
    return body.data;
  }
}

/** A fresh key for create mutations, so a retried click never creates twice. */
export function idempotencyKey(prefix: string): string {
  const random =
    typeof crypto.randomUUID === "function"
      ? crypto.randomUUID()
      : Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");
  return `${prefix}-${random}`;
}
