import type { Metadata } from "next";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { LoginForm } from "@/components/auth/login-form";
import { getAppContext } from "@/lib/app-context";
import { getOperatorFromHeaders } from "@/lib/auth/get-operator";
import { safeNextPath } from "@/lib/auth/safe-next-path";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Sign in · Agentic SRE" };

// /login: email + password, and single sign-on when OIDC is configured. Signed-in operators go on.
export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const next = safeNextPath(typeof params.next === "string" ? params.next : null);
  if (await getOperatorFromHeaders(await headers())) redirect(next);
  const { oidc } = getAppContext().env.auth;
  return <LoginForm next={next} ssoName={oidc?.providerName ?? null} errorCode={typeof params.error === "string" ? params.error : null} />;
}
