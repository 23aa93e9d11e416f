#!/usr/bin/env node
'use strict';
// The query API and live board (serve); `homefirst api` delegates here.
void require('../dist/main.js').run(process.argv);
