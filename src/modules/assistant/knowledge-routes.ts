import type { FastifyInstance } from 'fastify';
import { typed } from '../../platform/module.js';
import type { Platform } from '../../platform/platform.js';
import { actorOf } from '../../platform/route-config.js';
import { IdParams, standardErrors } from '../../platform/schemas.js';
import * as schemas from './knowledge-schemas.js';
import * as knowledge from './knowledge.js';

/**
 * The knowledge base's HTTP API (/api/knowledge/...). Staff who read the inbox read and search it
 * (agents look answers up); writing needs assistant:manage. Articles hold no patient data: no audit.
 */
export function knowledgeRoutes(server: FastifyInstance, platform: Platform) {
  const app = typed(server);

  app.get('/api/knowledge/articles', {
    config: { permission: 'inbox:read' },
    schema: {
      tags: ['knowledge'], summary: 'Articles by category, language and title (archived ones only with archived=true)',
      querystring: schemas.ArticleQuery, response: { 200: schemas.ArticleList, ...standardErrors },
    },
  }, async (request) => knowledge.listArticles(platform, actorOf(request), request.query));

  app.post('/api/knowledge/articles', {
    config: { permission: 'assistant:manage' },
    schema: {
      tags: ['knowledge'], summary: 'Write an article (a draft unless status is published)',
      body: schemas.NewArticle, response: { 201: schemas.Article, ...standardErrors },
    },
  }, async (request, reply) => reply.status(201).send(await knowledge.createArticle(platform, actorOf(request), request.body)));

  app.get('/api/knowledge/articles/:id', {
    config: { permission: 'inbox:read' },
    schema: { tags: ['knowledge'], summary: 'One article', params: IdParams, response: { 200: schemas.Article, ...standardErrors } },
  }, async (request) => knowledge.getArticle(platform, actorOf(request), request.params.id));

  app.patch('/api/knowledge/articles/:id', {
    config: { permission: 'assistant:manage' },
    schema: {
      tags: ['knowledge'], summary: 'Edit, publish, unpublish, archive (archived: true) or restore (archived: false) an article',
      params: IdParams, body: schemas.ArticleChanges, response: { 200: schemas.Article, ...standardErrors },
    },
  }, async (request) => knowledge.updateArticle(platform, actorOf(request), request.params.id, request.body));

  app.get('/api/knowledge/search', {
    config: { permission: 'inbox:read' },
    schema: {
      tags: ['knowledge'], summary: 'Full-text search of the articles (drafts too), typo tolerant, best first with scores',
      description: 'language: the question\'s language (its small words are left out) and the articles searched; absent: both languages, the question read as English.',
      querystring: schemas.SearchQuery, response: { 200: schemas.SearchResult, ...standardErrors },
    },
  }, async (request) => knowledge.searchArticles(platform, actorOf(request), request.query));

  app.post('/api/knowledge/try', {
    config: { permission: 'inbox:read' },
    schema: {
      tags: ['knowledge'], summary: 'What the assistant would answer to a question: a published article, or null (it would hand over to a person), and why',
      body: schemas.TryBody, response: { 200: schemas.TryResult, ...standardErrors },
    },
  }, async (request) => knowledge.tryQuestion(platform, actorOf(request), request.body));
}
