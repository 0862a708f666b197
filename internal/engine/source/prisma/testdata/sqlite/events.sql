-- CreateTable
CREATE TABLE "Event" (
    "id" BIGINT NOT NULL PRIMARY KEY,
    "kind" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "happened" DATETIME NOT NULL DEFAULT '2020-01-02 03:04:05 +00:00',
    "noon" DATETIME NOT NULL DEFAULT '2024-06-30 12:00:00.500 +02:00',
    "precise" DATETIME NOT NULL DEFAULT '2024-06-30 12:00:00.123456 -05:30',
    "processed" BOOLEAN NOT NULL DEFAULT false,
    "retries" INTEGER NOT NULL DEFAULT -1,
    "score" REAL NOT NULL DEFAULT 0.25,
    "amount" DECIMAL NOT NULL DEFAULT 10.50,
    "big" BIGINT NOT NULL DEFAULT 9007199254740993
);

-- CreateTable
CREATE TABLE "Counter" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "value" BIGINT NOT NULL DEFAULT 0
);

-- CreateTable
CREATE TABLE "Reading" (
    "sensor" TEXT NOT NULL,
    "at" DATETIME NOT NULL,
    "value" REAL NOT NULL,

    PRIMARY KEY ("sensor", "at")
);

-- CreateIndex
CREATE INDEX "Event_kind_happened_idx" ON "Event"("kind", "happened");
