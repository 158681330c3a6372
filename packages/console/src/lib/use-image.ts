import { type QueryKey, useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";

/**
 * An image fetched with the signed-in key (an <img src> cannot send one) and shown through a blob: URL,
 * revoked when the component lets go of it. `missing` is a 404: nothing at that position.
 */
export function useImage(queryKey: QueryKey, fetchBlob: () => Promise<Blob | null>) {
  const query = useQuery({ queryKey, queryFn: fetchBlob, staleTime: Number.POSITIVE_INFINITY });
  const [url, setUrl] = useState<string>();
  useEffect(() => {
    if (!query.data) {
      setUrl(undefined);
      return;
    }
    const objectUrl = URL.createObjectURL(query.data);
    setUrl(objectUrl);
    return () => URL.revokeObjectURL(objectUrl);
  }, [query.data]);
  return { url, missing: query.data === null, isPending: query.isPending, error: query.error };
}
