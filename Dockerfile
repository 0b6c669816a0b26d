# syntax=docker/dockerfile:1
# Build stage: every dependency, the server bundle (esbuild) and the client (Vite).
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

# Runtime stage: production dependencies only, the built files, a non-root user.
FROM node:20-bookworm-slim AS runtime
# pg_dump and pg_restore (npm run backup / restore) must match docker-compose.yml's PostgreSQL 16, which
# Debian 12 does not ship: they come from the PostgreSQL project's own Debian repository.
RUN apt-get update \
  && apt-get install -y --no-install-recommends ca-certificates postgresql-common \
  && /usr/share/postgresql-common/pgdg/apt.postgresql.org.sh -y \
  && apt-get install -y --no-install-recommends postgresql-client-16 \
  && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production PORT=3000
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
# Read at run time: migrations, server messages; sources and scripts for the command-line tools.
COPY server ./server
COPY scripts ./scripts
COPY courses ./courses
COPY tsconfig.json ./
RUN mkdir -p data && chown node:node data
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:3000/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# The same node flags as package.json's "start" (test/unit/production-shape.test.ts compares them).
CMD ["node", "--max-old-space-size=160", "--no-allocation-site-pretenuring", "--wasm-num-compilation-tasks=1", "dist/server/main.js"]
