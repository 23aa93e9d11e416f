const arrow = require('apache-arrow');
const pw = require('parquet-wasm');
const { createWriteStream } = require('fs');
const { Writable } = require('stream');
(async()=>{
 const N=100000, G=20000, C=12;
 const fields=[]; for(let c=0;c<C;c++) fields.push(new arrow.Field('c'+c, c%3===0? new arrow.TimestampMillisecond(): new arrow.Utf8(), true));
 const schema=new arrow.Schema(fields);
 let produced=0;
 const t=performance.now();
 const batches = new ReadableStream({
   pull(controller){
     if(produced>=N){controller.close();return;}
     const builders=fields.map(f=>arrow.makeBuilder({type:f.type,nullValues:[null,undefined]}));
     for(let i=0;i<G;i++){ const r=produced+i; for(let c=0;c<C;c++) builders[c].append(c%3===0? r*1000 : (r%7===0? null : 'value-'+(r%100)+'-'+c)); }
     produced+=G;
     const data=builders.map(b=>b.finish().flush());
     const batch=new arrow.RecordBatch(schema, arrow.makeData({type:new arrow.Struct(fields),length:G,nullCount:0,children:data}));
     const ipc=arrow.tableToIPC(new arrow.Table([batch]),'stream');
     const wt=pw.Table.fromIPCStream(ipc);
     for(const b of wt.recordBatches()) controller.enqueue(b);
   }
 });
 const props=new pw.WriterPropertiesBuilder().setCompression(pw.Compression.SNAPPY).setMaxRowGroupSize(G).build();
 const out=await pw.transformParquetStream(batches, props);
 await out.pipeTo(Writable.toWeb(createWriteStream('/tmp/xsmoke/w.parquet')));
 console.log('rows/s', Math.round(N/((performance.now()-t)/1000)), 'rss', Math.round(process.memoryUsage.rss()/1e6));
 const {DuckDBInstance}=require('@duckdb/node-api');
 const i=await DuckDBInstance.create(':memory:');const c=await i.connect();
 const r=await c.runAndReadAll("select count(*) n, min(c0) a, max(c1) b, count(c1) cc from read_parquet('/tmp/xsmoke/w.parquet')");console.log(r.getRowObjectsJson());
 const d=await c.runAndReadAll("select * from parquet_metadata('/tmp/xsmoke/w.parquet') limit 1");console.log(d.getRowObjectsJson()[0].row_group_num_rows);
})().catch(e=>{console.error(e);process.exit(1)});
