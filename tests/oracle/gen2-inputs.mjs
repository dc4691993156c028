#!/usr/bin/env node
// Writes the Gen2-style oracle inputs in src/data/testdata/transformer/ from
// `a.schema({...})` definitions, using @aws-amplify/data-schema's own
// `.transform().schema` - the exact SDL that `defineData` hands to the transformer.
// reference.graphql is not generated here (it is a copy of the design's schema).
//
//   node tests/oracle/gen2-inputs.mjs && node tests/oracle/transform.mjs --write
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { a } from '@aws-amplify/data-schema';
import { TESTDATA } from './transform.mjs';

const SCHEMAS = {
  'todo-owner': a.schema({
    Todo: a.model({
      content: a.string(),
      done: a.boolean().required(),
      priority: a.integer(),
    }).authorization((allow) => [allow.owner()]),
  }),

  'primary-key': a.schema({
    Product: a.model({
      tenantId: a.id().required(),
      sku: a.string().required(),
      version: a.integer().required(),
      title: a.string(),
    }).identifier(['tenantId', 'sku', 'version'])
      .authorization((allow) => [allow.owner(), allow.publicApiKey().to(['read'])]),
    Tag: a.model({
      name: a.string().required(),
      color: a.string(),
    }).identifier(['name']).authorization((allow) => [allow.authenticated()]),
  }),

  'secondary-indexes': a.schema({
    Customer: a.model({
      name: a.string().required(),
      accountRepresentativeId: a.id().required(),
      status: a.ref('CustomerStatus'),
      score: a.integer(),
      joinedAt: a.datetime(),
    }).secondaryIndexes((index) => [
      index('accountRepresentativeId'),
      index('name').sortKeys(['score']).name('byNameScore').queryField('customersByNameAndScore'),
      index('status').sortKeys(['name', 'joinedAt']),
      index('score').queryField(null),
    ]).authorization((allow) => [allow.owner()]),
    CustomerStatus: a.enum(['ACTIVE', 'INACTIVE']),
  }),

  'scalars-enums-defaults': a.schema({
    Everything: a.model({
      date: a.date(),
      time: a.time(),
      dateTime: a.datetime().required(),
      timestamp: a.timestamp(),
      email: a.email(),
      json: a.json(),
      phone: a.phone(),
      url: a.url(),
      ip: a.ipAddress(),
      requiredDate: a.date().required(),
      requiredJson: a.json().required(),
      text: a.string(),
      count: a.integer(),
      ratio: a.float(),
      flag: a.boolean(),
      tags: a.string().array(),
      requiredTags: a.string().required().array().required(),
      emails: a.email().array(),
      color: a.enum(['RED', 'GREEN', 'BLUE']),
      colors: a.ref('Color').array(),
      countWithDefault: a.integer().default(3),
      ratioWithDefault: a.float().default(1.5),
      flagWithDefault: a.boolean().default(true),
      textWithDefault: a.string().default('hello'),
      location: a.customType({ lat: a.float().required(), lng: a.float().required() }),
      shape: a.ref('Shape'),
    }).authorization((allow) => [allow.publicApiKey()]),
    Color: a.enum(['CYAN', 'MAGENTA', 'YELLOW']),
    Shape: a.customType({ kind: a.ref('Color'), sides: a.integer(), points: a.float().array() }),
  }),

  relationships: a.schema({
    Post: a.model({
      title: a.string().required(),
      comments: a.hasMany('Comment', 'postId'),
      meta: a.hasOne('PostMeta', 'postId'),
      tags: a.hasMany('PostTag', 'postId'),
    }).authorization((allow) => [allow.owner(), allow.authenticated().to(['read'])]),
    Comment: a.model({
      postId: a.id(),
      post: a.belongsTo('Post', 'postId'),
      body: a.string().required(),
    }).authorization((allow) => [allow.owner(), allow.authenticated().to(['read'])]),
    PostMeta: a.model({
      postId: a.id(),
      post: a.belongsTo('Post', 'postId'),
      wordCount: a.integer(),
    }).authorization((allow) => [allow.owner()]),
    // Many-to-many through a join model.
    Tag: a.model({
      label: a.string().required(),
      posts: a.hasMany('PostTag', 'tagId'),
    }).authorization((allow) => [allow.authenticated()]),
    PostTag: a.model({
      postId: a.id().required(),
      tagId: a.id().required(),
      post: a.belongsTo('Post', 'postId'),
      tag: a.belongsTo('Tag', 'tagId'),
    }).authorization((allow) => [allow.authenticated()]),
    // Parent with a composite identifier: the child references both key fields.
    Team: a.model({
      orgId: a.id().required(),
      slug: a.string().required(),
      members: a.hasMany('Member', ['teamOrgId', 'teamSlug']),
    }).identifier(['orgId', 'slug']).authorization((allow) => [allow.authenticated()]),
    Member: a.model({
      teamOrgId: a.id(),
      teamSlug: a.string(),
      team: a.belongsTo('Team', ['teamOrgId', 'teamSlug']),
      name: a.string(),
    }).authorization((allow) => [allow.authenticated()]),
  }),

  'auth-rules': a.schema({
    Note: a.model({
      title: a.string().required(),
      body: a.string(),
      secret: a.string().authorization((allow) => [allow.owner()]),
      reviewNote: a.string().authorization((allow) => [allow.group('Admins'), allow.owner().to(['read'])]),
      team: a.string(),
      editors: a.string().array(),
    }).authorization((allow) => [
      allow.owner(),
      allow.ownersDefinedIn('editors').to(['read', 'update']),
      allow.groups(['Admins', 'Editors']),
      allow.groupDefinedIn('team').to(['read']),
      allow.authenticated().to(['read']),
      allow.publicApiKey().to(['read']),
      allow.guest().to(['read']),
    ]),
    Announcement: a.model({
      text: a.string().required(),
    }).authorization((allow) => [
      allow.group('Admins').to(['create', 'update', 'delete']),
      allow.authenticated().to(['get', 'list', 'listen']),
      allow.publicApiKey().to(['read']),
    ]),
    Ticket: a.model({
      subject: a.string().required(),
    }).authorization((allow) => [
      allow.owner().identityClaim('sub').to(['create', 'read']),
      allow.authenticated('identityPool').to(['read']),
    ]),
  }),

  'custom-operations': a.schema({
    Result: a.customType({ ok: a.boolean().required(), message: a.string(), count: a.integer() }),
    Level: a.enum(['LOW', 'HIGH']),
    echo: a.query()
      .arguments({ content: a.string().required(), times: a.integer(), level: a.ref('Level') })
      .returns(a.ref('Result'))
      .handler(a.handler.function('echo-fn'))
      .authorization((allow) => [allow.publicApiKey(), allow.authenticated()]),
    summarize: a.query()
      .arguments({ ids: a.id().array().required() })
      .returns(a.json())
      .handler(a.handler.function('summarize-fn'))
      .authorization((allow) => [allow.authenticated()]),
    doThing: a.mutation()
      .arguments({ id: a.id().required(), payload: a.json() })
      .returns(a.json())
      .handler(a.handler.function('thing-fn'))
      .authorization((allow) => [allow.authenticated(), allow.group('Admins')]),
    ping: a.mutation()
      .returns(a.string().required())
      .handler(a.handler.function('ping-fn'))
      .authorization((allow) => [allow.guest()]),
  }),
};

for (const [name, schema] of Object.entries(SCHEMAS)) {
  const header = `# Generated by tests/oracle/gen2-inputs.mjs: @aws-amplify/data-schema's a.schema(...).transform().schema.\n`;
  writeFileSync(join(TESTDATA, `${name}.graphql`), `${header}${schema.transform().schema}\n`);
  console.log(`wrote ${name}.graphql`);
}
