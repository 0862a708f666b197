-- CreateTable
CREATE TABLE "OrganizationMembershipInvitationAuditLogEntryWithAVeryLongNameIndeed" (
    "identifierOfTheEntryThatIsAlsoVeryLongForTesting" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "someOtherColumnWithAQuiteLongDescriptiveNameToo" TEXT NOT NULL,
    "referenceToTheInvitationWithAVeryLongColumnName" INTEGER NOT NULL,
    CONSTRAINT "OrganizationMembershipInvitationAuditLogEntryWithAVeryLongNameIndeed_referenceToTheInvitationWithAVeryLongColumnName_fkey" FOREIGN KEY ("referenceToTheInvitationWithAVeryLongColumnName") REFERENCES "OrganizationMembershipInvitationWithQuiteALongNameAsWell" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "OrganizationMembershipInvitationWithQuiteALongNameAsWell" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT
);

-- CreateTable
CREATE TABLE "LabelForTheOrganizationMembershipInvitationAuditLogAndMore" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT
);

-- CreateTable
CREATE TABLE "_LabelForTheOrganizationMembershipInvitationAuditLogAndMoreToOrganizationMembershipInvitationWithQuiteALongNameAsWell" (
    "A" INTEGER NOT NULL,
    "B" INTEGER NOT NULL,
    CONSTRAINT "_LabelForTheOrganizationMembershipInvitationAuditLogAndMoreToOrganizationMembershipInvitationWithQuiteALongNameAsWell_A_fkey" FOREIGN KEY ("A") REFERENCES "LabelForTheOrganizationMembershipInvitationAuditLogAndMore" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "_LabelForTheOrganizationMembershipInvitationAuditLogAndMoreToOrganizationMembershipInvitationWithQuiteALongNameAsWell_B_fkey" FOREIGN KEY ("B") REFERENCES "OrganizationMembershipInvitationWithQuiteALongNameAsWell" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "OrganizationMembershipInvitationAuditLogEntryWithAVeryLongNameIndeed_someOtherColumnWithAQuiteLongDescriptiveNameToo_key" ON "OrganizationMembershipInvitationAuditLogEntryWithAVeryLongNameIndeed"("someOtherColumnWithAQuiteLongDescriptiveNameToo");

-- CreateIndex
CREATE INDEX "OrganizationMembershipInvitationAuditLogEntryWithAVeryLongNameIndeed_someOtherColumnWithAQuiteLongDescriptiveNameToo_referenceToTheInvitationWithAVeryLongColumnName_idx" ON "OrganizationMembershipInvitationAuditLogEntryWithAVeryLongNameIndeed"("someOtherColumnWithAQuiteLongDescriptiveNameToo", "referenceToTheInvitationWithAVeryLongColumnName");

-- CreateIndex
CREATE UNIQUE INDEX "_LabelForTheOrganizationMembershipInvitationAuditLogAndMoreToOrganizationMembershipInvitationWithQuiteALongNameAsWell_AB_unique" ON "_LabelForTheOrganizationMembershipInvitationAuditLogAndMoreToOrganizationMembershipInvitationWithQuiteALongNameAsWell"("A", "B");

-- CreateIndex
CREATE INDEX "_LabelForTheOrganizationMembershipInvitationAuditLogAndMoreToOrganizationMembershipInvitationWithQuiteALongNameAsWell_B_index" ON "_LabelForTheOrganizationMembershipInvitationAuditLogAndMoreToOrganizationMembershipInvitationWithQuiteALongNameAsWell"("B");
