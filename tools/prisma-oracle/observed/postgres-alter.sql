-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "user_role" ADD VALUE 'EDITOR';
ALTER TYPE "user_role" ADD VALUE 'GUEST';

-- DropForeignKey
ALTER TABLE "Post" DROP CONSTRAINT "Post_authorId_fkey";

-- DropIndex
DROP INDEX "User_name_createdAt_idx";

-- AlterTable
ALTER TABLE "User" DROP COLUMN "lastSeen",
ADD COLUMN     "active" BOOLEAN NOT NULL DEFAULT true,
ADD COLUMN     "country" TEXT NOT NULL,
ADD COLUMN     "lastSeenAt" TIMESTAMPTZ(6),
ALTER COLUMN "name" SET NOT NULL,
ALTER COLUMN "tags" SET DEFAULT ARRAY['new']::TEXT[];

-- AlterTable
ALTER TABLE "Profile" ALTER COLUMN "bio" DROP NOT NULL;

-- AlterTable
ALTER TABLE "Post" ALTER COLUMN "title" SET DATA TYPE VARCHAR(200);

-- AlterTable
ALTER TABLE "billing"."Invoice" ALTER COLUMN "amount" SET DATA TYPE DECIMAL(14,4);

-- CreateIndex
CREATE UNIQUE INDEX "Post_authorId_title_key" ON "Post"("authorId", "title");

-- AddForeignKey
ALTER TABLE "Post" ADD CONSTRAINT "Post_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
