FROM node:20-slim
WORKDIR /app
COPY package.json package-lock.json ./
# Lifecycle scripts need the sources (prepare builds the CLI): run them once those are copied.
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY tsconfig.json ./
COPY schema ./schema
COPY cypher ./cypher
COPY src ./src
COPY scripts ./scripts
COPY web ./web
COPY bin ./bin
RUN npm run build:cli
ENV NODE_ENV=production
EXPOSE 4000
CMD ["npx", "tsx", "src/main.ts"]
