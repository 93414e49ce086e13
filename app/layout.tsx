import type { Metadata } from "next";
import { headers } from "next/headers";
import Link from "next/link";
import { UserMenu } from "@/components/auth/user-menu";
import { getOperatorFromHeaders } from "@/lib/auth/get-operator";
import type { ReactNode } from "react";
import "./globals.css";
import { Providers } from "./providers";

export const metadata: Metadata = {
  title: "Agentic SRE",
  description: "Incident response for Kubernetes: alerts in, investigated incidents out.",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const operator = await getOperatorFromHeaders(await headers());
  return (
    <html lang="en">
      <body>
        <header className="topbar">
          <Link href="/" className="brand">
            Agentic SRE
          </Link>
          <nav aria-label="Main">
            <Link href="/">Incidents</Link>
            <Link href="/postmortems">Postmortems</Link>
            <Link href="/runbooks">Runbooks</Link>
            <Link href="/cluster">Cluster</Link>
            <Link href="/settings">Settings</Link>
          </nav>
          {operator ? <UserMenu name={operator.name} role={operator.role} /> : null}
        </header>
        <Providers>
          <main>{children}</main>
        </Providers>
      </body>
    </html>
  );
}
