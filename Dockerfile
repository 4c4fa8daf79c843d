# One image for both servers of the EOSC Helpdesk (docker-compose.yml runs it as desk and as BFF).
FROM node:20-slim
WORKDIR /app
COPY . .
# Development dependencies too: the servers run their TypeScript through tsx, and vite builds the SPA.
RUN npm ci --no-audit --no-fund && npm run build
ENV NODE_ENV=production
USER node
# The desk: node --import tsx apps/desk/src/server.ts (set in docker-compose.yml).
CMD ["node", "--import", "tsx", "apps/bff/src/server.ts"]
