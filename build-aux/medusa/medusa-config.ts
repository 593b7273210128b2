// Medusa v2 configuration for Dropdeck's integration tests.
// Everything comes from the environment that build-aux/medusa.sh sets;
// the admin dashboard is disabled so there is nothing to build.
import { loadEnv, defineConfig } from "@medusajs/framework/utils"

loadEnv(process.env.NODE_ENV || "development", process.cwd())

module.exports = defineConfig({
  projectConfig: {
    databaseUrl: process.env.DATABASE_URL,
    http: {
      storeCors: process.env.STORE_CORS || "http://127.0.0.1",
      adminCors: process.env.ADMIN_CORS || "http://127.0.0.1",
      authCors: process.env.AUTH_CORS || "http://127.0.0.1",
      jwtSecret: process.env.JWT_SECRET || "dropdeck-test-only",
      cookieSecret: process.env.COOKIE_SECRET || "dropdeck-test-only",
    },
  },
  admin: {
    disable: true,
  },
})
