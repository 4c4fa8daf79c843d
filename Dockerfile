# One image for both servers of the EOSC Helpdesk (docker-compose.yml runs it as desk and as BFF).
FROM node:20-slim
WORKDIR /app
COPY . .
# Development dependencies too: vite builds the SPA and esbuild bundles the two servers.
RUN npm ci --no-audit --no-fund && npm run build && npm run build:servers
ENV NODE_ENV=production
USER node
# The desk: node apps/desk/dist/server.mjs (set in docker-compose.yml).
CMD ["node", "apps/bff/dist/server.mjs"]
