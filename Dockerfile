# One image for all six services; the compose file picks the entry point per service.
FROM node:20-bookworm-slim
WORKDIR /app
# ffmpeg extracts the audio of uploaded videos (transcription).
RUN apt-get update && apt-get install -y --no-install-recommends ffmpeg && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
# Services run the compiled JavaScript with plain node (ADR 0009); the sources stay for the source maps.
RUN npm run build
# V8's young generation and helper threads as npm start sets them (SERVICE_V8_FLAGS, ADR 0009's addendum).
ENV NODE_OPTIONS="--enable-source-maps --max-semi-space-size=8 --v8-pool-size=1"
