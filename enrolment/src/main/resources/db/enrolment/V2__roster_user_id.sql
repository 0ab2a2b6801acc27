-- issue H roster (issue H, docs/adr/0021 addendum): a trainee's user id on the management platform (the
-- `sub` of their tokens), from the roster's optional 学员编号 / 用户ID column. NULL for rosters without
-- the column and for rows written before it existed; unique within a class when given (NULLs are
-- distinct in PostgreSQL). The entry JSON carries it too; this column is for queries and the rule.

ALTER TABLE enrolment_trainee ADD COLUMN user_id text;

ALTER TABLE enrolment_trainee ADD CONSTRAINT enrolment_trainee_user_id UNIQUE (class_id, user_id);
