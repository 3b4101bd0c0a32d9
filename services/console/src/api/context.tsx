import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState } from "react";
import type { ReactNode } from "react";
import type { Session } from "../session";
import { ApiError, GatewayClient } from "./client";
import type { Variables } from "./client";

interface GatewayContextValue {
  client: GatewayClient;
  session: Session;
}

const GatewayContext = createContext<GatewayContextValue | null>(null);

export function GatewayProvider(props: {
  gatewayUrl: string;
  session: Session;
  onUnauthenticated: () => void;
  children: ReactNode;
}) {
  const { gatewayUrl, session, onUnauthenticated } = props;
  const value = useMemo(
    () => ({ client: new GatewayClient(gatewayUrl, session.token, onUnauthenticated), session }),
    [gatewayUrl, session, onUnauthenticated],
  );
  return <GatewayContext.Provider value={value}>{props.children}</GatewayContext.Provider>;
}

export function useGateway(): GatewayContextValue {
  const value = useContext(GatewayContext);
  if (!value) throw new Error("useGateway outside GatewayProvider");
  return value;
}

function asApiError(error: unknown): ApiError {
  return error instanceof ApiError ? error : new ApiError(String(error), "CLIENT", null);
}

export interface QueryState<T> {
  data: T | null;
  error: ApiError | null;
  loading: boolean;
  reload: () => void;
}

/** Runs a query when mounted and whenever `key` changes; `skip` holds it back. */
export function useQuery<T>(query: string, variables: Variables, key: string, skip = false): QueryState<T> {
  const { client } = useGateway();
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(!skip);
  const [generation, setGeneration] = useState(0);
  const variablesRef = useRef(variables);
  variablesRef.current = variables;

  useEffect(() => {
    if (skip) return;
    let live = true;
    setLoading(true);
    client
      .request<T>(query, variablesRef.current)
      .then((result) => {
        if (!live) return;
        setData(result);
        setError(null);
      })
      .catch((e: unknown) => {
        if (live) setError(asApiError(e));
      })
      .finally(() => {
        if (live) setLoading(false);
      });
    return () => {
      live = false;
    };
  }, [client, query, key, generation, skip]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { data, error, loading, reload };
}

export interface MutationState<T> {
  run: (variables: Variables) => Promise<T | null>;
  error: ApiError | null;
  busy: boolean;
  reset: () => void;
}

/** A mutation whose error (code + field) is kept for the form to show next to the field. */
export function useMutation<T>(mutation: string): MutationState<T> {
  const { client } = useGateway();
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const run = useCallback(
    async (variables: Variables): Promise<T | null> => {
      setBusy(true);
      setError(null);
      try {
        return await client.request<T>(mutation, variables);
      } catch (e) {
        setError(asApiError(e));
        return null;
      } finally {
        setBusy(false);
      }
    },
    [client, mutation],
  );
  const reset = useCallback(() => setError(null), []);
  return { run, error, busy, reset };
}
