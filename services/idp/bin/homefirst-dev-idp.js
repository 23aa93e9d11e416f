#!/usr/bin/env node
'use strict';
// The development identity provider (serve); `homefirst up` runs it. Never for production.
void require('../dist/main.js').run(process.argv);
