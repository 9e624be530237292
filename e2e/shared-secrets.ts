// Fixed secrets for the PostgreSQL e2e servers, so that a second app instance accepts the
// session cookies of the first (as instances behind one load balancer must).
export const SHARED_SECRETS = {
  NEXTAUTH_SECRET: "e2e-shared-secret-e2e-shared-secret-0123456789",
  ENCRYPTION_KEY: "1f2e3d4c5b6a79889786a5b4c3d2e1f01f2e3d4c5b6a79889786a5b4c3d2e1f0",
};
