FROM node:20-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY schema ./schema
COPY cypher ./cypher
COPY src ./src
COPY scripts ./scripts
COPY web ./web
ENV NODE_ENV=production
EXPOSE 4000
CMD ["npx", "tsx", "src/main.ts"]
