// Calls to Vigie's JSON API. Errors come back as
// {"error":{"code","message"}}; fetchJSON turns them, and network
// failures, into an APIError that the pages show in words.

// APIError is a failed API call: status is undefined for network errors.
export class APIError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

// fetchJSON GETs or POSTs and returns the decoded body, or throws an
// APIError carrying the API's own error message.
export async function fetchJSON(url, init = {}) {
  let res;
  try {
    res = await fetch(url, { ...init, headers: { Accept: "application/json", ...(init.headers || {}) } });
  } catch (err) {
    if (err.name === "AbortError") {
      throw err;
    }
    throw new APIError(undefined, "network", err.message);
  }
  let body = null;
  try {
    body = await res.json();
  } catch (err) {
    if (err.name === "AbortError") {
      throw err;
    }
    body = null;
  }
  if (!res.ok) {
    const e = body && body.error;
    throw new APIError(res.status, (e && e.code) || "http_error", (e && e.message) || res.statusText || String(res.status));
  }
  if (body === null) {
    throw new APIError(res.status, "bad_response", "the answer was not JSON");
  }
  return body;
}
