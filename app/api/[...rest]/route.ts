import { problem } from "@/lib/http";

// Any API path that does not exist answers with problem JSON, not an HTML page.
export const dynamic = "force-dynamic";

const notFound = () => problem("not_found", "没有这个接口");

export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE };
