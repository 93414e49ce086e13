import type { Metadata } from "next";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { OperatorAdmin } from "@/components/auth/operator-admin";
import { getAppContext } from "@/lib/app-context";
import { getOperatorFromHeaders } from "@/lib/auth/get-operator";
import { listOperators } from "@/lib/auth/operator-accounts";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Users · Agentic SRE" };

// /admin/users: admins list, create, re-role and remove operators. Others are told why they cannot.
export default async function AdminUsersPage() {
  const operator = await getOperatorFromHeaders(await headers());
  if (!operator) redirect("/login?next=/admin/users");
  if (operator.role !== "admin") {
    return (
      <section>
        <h1>Users</h1>
        <p role="alert" className="error" data-testid="forbidden">
          Only admins manage operator accounts. You are signed in as {operator.name} ({operator.role}); ask an admin to change your role.
        </p>
      </section>
    );
  }
  const operators = await listOperators({ db: getAppContext().db });
  return <OperatorAdmin initialOperators={operators} currentOperatorId={operator.id} />;
}
