@foo

