CREATE TABLE users (
  id bigint NOT NULL AUTO_INCREMENT PRIMARY KEY,
  email varchar(191) NOT NULL,
  status enum('active','banned') NOT NULL DEFAULT 'active',
  UNIQUE KEY users_email (email)
);
