-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "billing";

-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "user_role" AS ENUM ('USER', 'admin', 'super-admin');

-- CreateTable
CREATE TABLE "User" (
    "id" SERIAL NOT NULL,
    "email" TEXT NOT NULL,
    "handle" VARCHAR(191) NOT NULL,
    "name" TEXT,
    "role" "user_role" NOT NULL DEFAULT 'super-admin',
    "tags" TEXT[] DEFAULT ARRAY['new', 'trial']::TEXT[],
    "settings" JSONB NOT NULL DEFAULT '{"theme": "dark"}',
    "balance" DECIMAL(12,2) NOT NULL DEFAULT 0,
    "score" DECIMAL(65,30),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "lastSeen" TIMESTAMPTZ(6),

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Profile" (
    "id" BIGSERIAL NOT NULL,
    "bio" TEXT NOT NULL,
    "userId" INTEGER NOT NULL,

    CONSTRAINT "Profile_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Post" (
    "id" SERIAL NOT NULL,
    "title" TEXT NOT NULL,
    "authorId" INTEGER NOT NULL,
    "reviewerId" INTEGER,

    CONSTRAINT "Post_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Reviewer" (
    "id" SERIAL NOT NULL,

    CONSTRAINT "Reviewer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Category" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,

    CONSTRAINT "Category_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "billing"."Invoice" (
    "id" BIGSERIAL NOT NULL,
    "userId" INTEGER NOT NULL,
    "amount" DECIMAL(10,2) NOT NULL,
    "currency" CHAR(3) NOT NULL DEFAULT 'EUR',
    "issuedAt" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Invoice_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "billing"."AccountingLedgerEntryWithAnExtremelyLongModelNameForTruncationTests" (
    "id" SERIAL NOT NULL,
    "anExtremelyLongFieldNameThatGoesWellBeyondSixtyThreeCharactersLimit" TEXT NOT NULL,
    "anotherExtremelyLongFieldNameUsedForTheCompositeIndexNameTruncation" INTEGER NOT NULL,
    "theOwningInvoiceIdentifierWithAVeryLongFieldNameForForeignKeyTests" BIGINT NOT NULL,

    CONSTRAINT "AccountingLedgerEntryWithAnExtremelyLongModelNameForTrunca_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "_CategoryToPost" (
    "A" INTEGER NOT NULL,
    "B" INTEGER NOT NULL,

    CONSTRAINT "_CategoryToPost_AB_pkey" PRIMARY KEY ("A","B")
);

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

-- CreateIndex
CREATE UNIQUE INDEX "User_handle_key" ON "User"("handle");

-- CreateIndex
CREATE INDEX "User_name_createdAt_idx" ON "User"("name", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Profile_userId_key" ON "Profile"("userId");

-- CreateIndex
CREATE INDEX "Post_authorId_idx" ON "Post"("authorId");

-- CreateIndex
CREATE UNIQUE INDEX "Category_name_key" ON "Category"("name");

-- CreateIndex
CREATE UNIQUE INDEX "Invoice_userId_issuedAt_key" ON "billing"."Invoice"("userId", "issuedAt");

-- CreateIndex
CREATE UNIQUE INDEX "AccountingLedgerEntryWithAnExtremelyLongModelNameForTruncat_key" ON "billing"."AccountingLedgerEntryWithAnExtremelyLongModelNameForTruncationTests"("anExtremelyLongFieldNameThatGoesWellBeyondSixtyThreeCharactersLimit");

-- CreateIndex
CREATE INDEX "AccountingLedgerEntryWithAnExtremelyLongModelNameForTruncat_idx" ON "billing"."AccountingLedgerEntryWithAnExtremelyLongModelNameForTruncationTests"("anotherExtremelyLongFieldNameUsedForTheCompositeIndexNameTruncation");

-- CreateIndex
CREATE INDEX "_CategoryToPost_B_index" ON "_CategoryToPost"("B");

-- AddForeignKey
ALTER TABLE "Profile" ADD CONSTRAINT "Profile_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Post" ADD CONSTRAINT "Post_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Post" ADD CONSTRAINT "Post_reviewerId_fkey" FOREIGN KEY ("reviewerId") REFERENCES "Reviewer"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "billing"."Invoice" ADD CONSTRAINT "Invoice_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "billing"."AccountingLedgerEntryWithAnExtremelyLongModelNameForTruncationTests" ADD CONSTRAINT "AccountingLedgerEntryWithAnExtremelyLongModelNameForTrunca_fkey" FOREIGN KEY ("theOwningInvoiceIdentifierWithAVeryLongFieldNameForForeignKeyTests") REFERENCES "billing"."Invoice"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "_CategoryToPost" ADD CONSTRAINT "_CategoryToPost_A_fkey" FOREIGN KEY ("A") REFERENCES "Category"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "_CategoryToPost" ADD CONSTRAINT "_CategoryToPost_B_fkey" FOREIGN KEY ("B") REFERENCES "Post"("id") ON DELETE CASCADE ON UPDATE CASCADE;
