CREATE TABLE users (
  id bigint NOT NULL AUTO_INCREMENT PRIMARY KEY,
  email varchar(191) NOT NULL,
  name varchar(100) DEFAULT NULL,
  status enum('active','banned','deleted') NOT NULL DEFAULT 'active',
  UNIQUE KEY users_email (email),
  KEY users_name (name)
);
