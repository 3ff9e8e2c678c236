@foo


