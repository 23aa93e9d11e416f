#!/usr/bin/env node
'use strict';
// The council connector's own command (serve, map); `homefirst map council` delegates here.
void require('../dist/main.js').run(process.argv);
